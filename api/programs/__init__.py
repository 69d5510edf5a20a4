"""Programs and progress against their targets: public reads."""
