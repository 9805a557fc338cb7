"""Programmes (pilots): goals, evaluation, the step-by-step plan, money."""
