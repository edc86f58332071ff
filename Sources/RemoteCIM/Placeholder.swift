// RemoteCIM — placeholder until its issue lands.
