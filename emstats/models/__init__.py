"""Model families. Each module holds one family's maths and nothing else."""
