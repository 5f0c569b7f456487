#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace hammer::operations {

/// What an operation must be able to reach on both ends of a pair.
enum class Need : unsigned {
    kernel_interface = 1U << 0, ///< netlink / ethtool (attr.kernel)
    dpdk_port = 1U << 1,        ///< an ethdev port (attr.dpdk)
    port_control = 1U << 2,     ///< either: netlink on attr.kernel, else ethdev on attr.dpdk
};

/// The type a parameter's value must have in a run config.
enum class ParamKind {
    integer,
    number,
    boolean,
    choice,
    integer_list,
    /// `true` (CSIT's IMIX), `false`, or {"sizes": [...], "weights": [...]}:
    /// sizes in the range, weights 1 to 1000, as many of each
    size_mix,
};

struct ParamSpec {
    std::string_view name;
    ParamKind kind;
    nlohmann::json default_value;
    std::string_view description;
    double minimum = 0;                        ///< integers and numbers (and every list element)
    double maximum = 0;                        ///< idem; minimum == maximum: no range
    std::vector<std::string_view> choices = {}; ///< for ParamKind::choice
    std::size_t length = 0;                     ///< integer_list: exactly this many elements; 0: any
    std::vector<int> values = {};               ///< integer: one of these; empty: any in the range
};

/// Two parameters of one operation whose values must keep an order:
/// `larger` at least `smaller` (strictly above with `strict`), unless
/// `larger` is 0 where `zero_is_unset` (0 meaning "chosen for you").
struct ParamOrder {
    std::string_view smaller;
    std::string_view larger;
    bool strict = false;
    bool zero_is_unset = false;
};

/// Two parameters a run config may not give together.
struct ParamExclusion {
    std::string_view first;
    std::string_view second;
};

/// An operation as a run config names it: what it needs and what it takes.
/// The runner binds each name to its implementation (kernel_ops, pmd_ops).
struct OperationSpec {
    std::string_view name;
    std::string_view summary;
    unsigned needs; ///< Need flags
    std::vector<ParamSpec> params;
    std::vector<ParamOrder> orders = {};
    std::vector<ParamExclusion> exclusions = {};
};

/// Every operation hammer knows, in the order `hammer ops` lists them.
[[nodiscard]] std::span<const OperationSpec> catalog();

[[nodiscard]] const OperationSpec* find_operation(std::string_view name);

[[nodiscard]] std::string_view describe(Need need) noexcept;

} // namespace hammer::operations
