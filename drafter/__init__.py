"""drafter：法治政府建设年度报告起草助手。

The package owns nothing but its version; see the module docstrings for who owns what.
"""

__version__ = "0.1.0"
