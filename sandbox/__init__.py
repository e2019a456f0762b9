"""The sandbox payment provider: a development stand-in for a real payment provider.

Its own small process (``python -m sandbox``), started by ``make run`` and the tests
(:class:`kit.launcher.SandboxProvider`) and by the compose dev stack — never shipped:
it is not a package of the wheel (pyproject), not in the image (.dockerignore) and not in
deploy/k8s. Whoever can reach it can "pay".
"""
