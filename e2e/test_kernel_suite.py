"""jupyter_kernel_test's whole KernelTests suite against the installed `qama` kernelspec."""
import jupyter_kernel_test


class QAMAKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "qama"
    language_name = "qama"
    file_extension = ".qama"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'eprint("oops")'

    completion_samples = [{"text": "sof", "matches": {"softmax"}}]

    complete_code_samples = ["1 + 2", "let a = 1", "print(1)"]
    incomplete_code_samples = ["let a = (1 +", "[1, 2,"]
    invalid_code_samples = ["let = )"]

    code_page_something = "help(solve)"
    code_generate_error = "undefined_name_xyz"

    code_execute_result = [{"code": "6 * 7", "result": "42"}]
    code_display_data = [{"code": "show(heatmap(eye(3)))", "mime": "image/svg+xml"}]

    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "softmax"
    code_clear_output = "clear()"

    # Protocol 5.5: the iopub socket is XPUB and welcomes each new subscriber.
    support_iopub_welcome = True
