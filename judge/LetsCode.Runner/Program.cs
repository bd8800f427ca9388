// Placeholder until the runner CLI lands.
return 0;
