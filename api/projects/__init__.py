"""Projects and beneficiary establishments: the registers and every project mutation."""
