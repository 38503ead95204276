"""Writes of startup spaces, one module per topic: the spaces themselves (setup), contracts
(sign, cancel, extend, move in and out, deposits), calls (waiting list and offers), billing
and visits. Every service is atomic and audited as `spaces.<service>`."""
