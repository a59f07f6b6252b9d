"""What every stage may use: diagnostics, atomic writes, the path guard, web addresses, worker processes."""
