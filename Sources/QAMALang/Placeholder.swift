// QAMALang — placeholder until its issue lands.
