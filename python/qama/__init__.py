"""Python side of the QAMA kernel (https://arxiv.org/abs/2504.11083 notebooks in Swift).

`qama.solve_qubo` solves numpy QUBO batches with the kernel's solvers (the built `qama` binary),
`qama.solve_qama` batches of v2 QAMA Hamiltonians in their low-rank form (Q, K, value field);
`qama.torch.QAMultiheadAttention` is the paper's v2 attention as a drop-in for `torch.nn.MultiheadAttention`
(needs torch: the `qama[torch]` extra);
`qama.papermill` lets `papermill nb.ipynb out.ipynb -p γ 4` parameterise notebooks written for the
`qama` kernel.
"""
from .bridge import DEFAULT_SOLVER, SolverError, qama_binary, solve_qama, solve_qubo

__all__ = ["DEFAULT_SOLVER", "SolverError", "qama_binary", "solve_qama", "solve_qubo"]
