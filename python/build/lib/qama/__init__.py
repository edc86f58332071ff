"""Python side of the QAMA kernel (https://arxiv.org/abs/2504.11083 notebooks in Swift).

`qama.papermill` lets `papermill nb.ipynb out.ipynb -p γ 4` parameterise notebooks written for the
`qama` kernel.
"""
