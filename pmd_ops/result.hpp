#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hammer::pmd_ops {

/// Why a DPDK call failed: the call as a human would write it
/// ("rte_eth_dev_set_mtu(port=0, 9000)"), the errno it reported (rte_errno or
/// the negative return value) and that errno's text from rte_strerror.
struct Error {
    std::string call;
    int code = 0;
    std::string message;

    /// "call: message (errno N)".
    [[nodiscard]] std::string to_string() const
    {
        return call + ": " + message + " (errno " + std::to_string(code) + ")";
    }
};

/// The value of a control-path call or the Error that prevented it, shaped
/// like std::expected (C++23) so it can be swapped for it later.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_{std::in_place_index<0>, std::move(value)} {}
    Result(Error error) : state_{std::in_place_index<1>, std::move(error)} {}

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] T& value() & { return std::get<0>(state_); }
    [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
    [[nodiscard]] const Error& error() const { return std::get<1>(state_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, Error> state_;
};

/// A call that returns nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_{std::move(error)}, failed_{true} {}

    [[nodiscard]] bool has_value() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return has_value(); }
    [[nodiscard]] const Error& error() const { return error_; }

private:
    Error error_;
    bool failed_ = false;
};

} // namespace hammer::pmd_ops
