"""Helpers shared by the CSP, framing and checks tests: CSP setups and test views."""
