"""trial-audit: a data-quality and consistency auditor for clinical-trial registry records and papers."""
__version__ = "0.1.0"
