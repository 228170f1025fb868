"""The ground floor's former addresses still import, and give the very same objects."""

import importlib

import pytest

import commbounds.bounds.core
import commbounds.coding
import commbounds.params
import commbounds.quantizers
import commbounds.quantizers.base
import commbounds.quantizers.hadamard
import commbounds.special.symbolic
import commbounds.validation


@pytest.mark.parametrize("sub", ["bits", "elias", "constant_weight", "multinomial"])
def test_old_coding_submodules_are_the_new_ones(sub):
    old = importlib.import_module(f"commbounds.quantizers.coding.{sub}")
    assert old is importlib.import_module(f"commbounds.coding.{sub}")


def test_old_hadamard_module_is_the_new_one():
    old = importlib.import_module("commbounds.quantizers.coding.hadamard")
    assert old is commbounds.quantizers.hadamard


def test_old_coding_package_reexports_every_public_name():
    old = importlib.import_module("commbounds.quantizers.coding")
    assert sorted(old.__all__) == sorted(commbounds.coding.__all__)
    for name in commbounds.coding.__all__:
        assert getattr(old, name) is getattr(commbounds.coding, name)


def test_old_homes_of_seeding_param_and_log2():
    assert commbounds.quantizers.as_generator is commbounds.validation.as_generator
    assert commbounds.quantizers.base.validate_vectors is commbounds.validation.validate_vectors
    assert commbounds.bounds.core.Param is commbounds.params.Param
    assert commbounds.bounds.core.log2 is commbounds.special.symbolic.log2


def test_old_home_of_quantized_gd_and_the_protocol_helpers():
    from commbounds import quantizers
    from commbounds.optim import quantized_gd as home
    from commbounds.quantizers import messages, quantized_gd, star, variance_reduction

    assert quantized_gd.QuantizedGD is home.QuantizedGD is quantizers.registry.protocol_class("quantized-gd")
    assert quantized_gd.GDOutput is home.Output
    assert star.MessageQuantizer is messages.MessageQuantizer and star.send is messages.send_colours
    assert star.reduction_y is variance_reduction.reduction_y
