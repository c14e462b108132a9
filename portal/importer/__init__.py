"""The import tool: read → parse → normalise → validate → plan → apply (one module per step)."""
