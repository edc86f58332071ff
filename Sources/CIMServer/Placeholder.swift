// CIMServer — placeholder until its issue lands.
