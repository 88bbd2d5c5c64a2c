"""dondoc: follow up ("đôn đốc") the tasks of a provincial implementation plan over chat."""

__version__ = "0.1.0"
