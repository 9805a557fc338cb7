"""The financial plan of a programme and its subsidy applications."""
