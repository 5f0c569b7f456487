#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace hammer::common {

/// The outcome of one control-path call: a value or the error that prevented
/// it, shaped like std::expected<T, E> (C++23, not available on g++ 12 in
/// C++20 mode) so it can be swapped for it later. Each layer names its own
/// error type: kernel_ops::Result (netlink), pmd_ops::Result (ethdev),
/// control::Result (the port-control interface).
template <typename T, typename E>
class [[nodiscard]] Expected {
public:
    Expected(T value) : state_{std::in_place_index<0>, std::move(value)} {}
    Expected(E error) : state_{std::in_place_index<1>, std::move(error)} {}

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
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    /// Only meaningful when !has_value().
    [[nodiscard]] const E& error() const
    {
        if (has_value()) {
            throw std::logic_error{"Expected::error() called on a value"};
        }
        return std::get<1>(state_);
    }

private:
    void check_value() const
    {
        if (!has_value()) {
            throw std::logic_error{"Expected::value() called on an error: " + describe(std::get<1>(state_))};
        }
    }

    static std::string describe(const E& error)
    {
        if constexpr (requires { error.describe(); }) {
            return error.describe();
        } else {
            return error.to_string();
        }
    }

    std::variant<T, E> state_;
};

/// A call that returns nothing but may fail.
template <typename E>
class [[nodiscard]] Expected<void, E> {
public:
    Expected() = default;
    Expected(E error) : error_{std::move(error)}, failed_{true} {}

    [[nodiscard]] bool has_value() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] const E& error() const
    {
        if (!failed_) {
            throw std::logic_error{"Expected::error() called on a success"};
        }
        return error_;
    }

private:
    E error_;
    bool failed_ = false;
};

} // namespace hammer::common
