"""Lumbung Praktik core: records of village practice, independent of any site engine."""

FORMAT_VERSION = 1
