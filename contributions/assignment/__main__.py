"""`python -m contributions.assignment` (make bench-contributions): time one assignment."""

from contributions.assignment.benchmark import bench

if __name__ == "__main__":
    print(bench())
