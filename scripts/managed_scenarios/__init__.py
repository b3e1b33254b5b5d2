"""The parts of scripts/gen-managed-scenarios.py (see there)."""
