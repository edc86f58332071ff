// Figures — placeholder until its issue lands.
