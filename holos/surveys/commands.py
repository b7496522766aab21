"""``holos surveys``: written by the surveys work; lists surveys."""


def list_surveys(*, json_output: bool, organization: str | None) -> int:
    raise NotImplementedError
