// IsingSolvers — placeholder until its issue lands.
