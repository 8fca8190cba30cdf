"""Infocenter (信息中心综合管理平台)."""

__version__ = "0.1.0"
