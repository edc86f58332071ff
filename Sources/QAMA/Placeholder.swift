// QAMA — placeholder until its issue lands.
