"""Personal data spoken in calls, replaced before anything is stored (152-FZ, PCI DSS)."""
