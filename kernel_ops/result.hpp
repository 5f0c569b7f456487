#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace hammer::kernel_ops {

/// Why a netlink request failed: the real errno (not libnl's folded NLE code),
/// what was asked, and the kernel's own explanation (extended ACK), if it gave one.
struct NlError {
    int error_number = 0;       ///< positive errno: EINVAL, ENODEV, EOPNOTSUPP, ...
    std::string operation;      ///< what was asked: "set MTU 9000 on hm0a"
    std::string kernel_message; ///< the extack text; empty when the kernel gave none

    /// "set MTU 70000 on hm0a: EINVAL (Invalid argument); kernel: mtu greater than device maximum"
    [[nodiscard]] std::string describe() const;
};

/// "EINVAL": the symbolic name of an errno, or "errno 4242" for one glibc does not know.
[[nodiscard]] std::string errno_name(int error_number);

/// The outcome of one control-path request, shaped like std::expected<T, NlError>
/// (C++23, not available on g++ 12 in C++20 mode): a value or the error.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_{std::in_place_index<0>, std::move(value)} {}
    Result(NlError error) : state_{std::in_place_index<1>, std::move(error)} {}

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    /// Throws std::logic_error when there is no value: reading one without
    /// checking is a programming mistake, as std::expected's bad_expected_access.
    [[nodiscard]] T& value() &
    {
        check_value();
        return std::get<0>(state_);
    }
    [[nodiscard]] const T& value() const&
    {
        check_value();
        return std::get<0>(state_);
    }
    [[nodiscard]] T&& value() &&
    {
        check_value();
        return std::get<0>(std::move(state_));
    }

    /// Only meaningful when !has_value().
    [[nodiscard]] const NlError& error() const
    {
        if (has_value()) {
            throw std::logic_error{"Result::error() called on a value"};
        }
        return std::get<1>(state_);
    }

private:
    void check_value() const
    {
        if (!has_value()) {
            throw std::logic_error{"Result::value() called on an error: " + std::get<1>(state_).describe()};
        }
    }

    std::variant<T, NlError> state_;
};

/// A request that returns nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(NlError error) : error_{std::move(error)}, failed_{true} {}

    [[nodiscard]] bool has_value() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] const NlError& error() const
    {
        if (!failed_) {
            throw std::logic_error{"Result::error() called on a success"};
        }
        return error_;
    }

private:
    NlError error_;
    bool failed_ = false;
};

} // namespace hammer::kernel_ops
