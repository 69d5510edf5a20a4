"""The register of beneficiary establishments (cơ sở công nghiệp nông thôn)."""
