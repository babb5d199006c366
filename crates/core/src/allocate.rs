//! Allocation of settlements to open instalments. (Logic to be completed.)
