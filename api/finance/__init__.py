"""The finance department's part: Treasury statements, reconciliation, the close, exports
and their download links."""
