"""Quality floors: copydesk's scores on the development splits must not fall."""
