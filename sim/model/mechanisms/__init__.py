"""The model's mechanisms as small, pure, vectorized functions.

Each function works on arrays over runs (or scalars), names the essay claims it
encodes and the idea it rests on. Agents in :mod:`sim.model.agents` call them; tests
check their directions and bounds in isolation.
"""
