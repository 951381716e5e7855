// Replaced by the host's composition root (issue 4).
return 0;
