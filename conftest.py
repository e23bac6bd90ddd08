import pytest


@pytest.fixture
def plan2021(db):
    """The 2021 Luzhai plan of SPEC §11, as `zhaoshang loadplan luzhai-2021` loads it."""
    from zhaoshang.plans.catalog import LUZHAI_2021
    from zhaoshang.plans.services import load_plan

    plan, _ = load_plan(LUZHAI_2021)
    return plan
