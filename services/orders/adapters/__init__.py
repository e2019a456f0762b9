"""Orders' outside systems: where chat attachments are kept."""
