"""output/ brought up to date in one atomic step, and the record of what each unit made."""
