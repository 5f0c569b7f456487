#pragma once

#include "src/operations/operation.hpp"

#include <map>
#include <string>
#include <string_view>

namespace hammer::operations {

/// Binds operation names of the catalog to the implementations a build has.
/// An operation without one is recorded as SKIP, naming the missing backend.
class OperationRegistry {
public:
    struct Entry {
        std::string_view backend; ///< "kernel_ops", "pmd_ops": shown by `hammer ops`
        OperationFactory factory = nullptr;
    };

    /// Throws std::logic_error for a name outside the catalog or bound twice:
    /// both are programming mistakes, not input errors.
    void add(std::string_view name, std::string_view backend, OperationFactory factory);

    [[nodiscard]] const Entry* find(std::string_view name) const;

private:
    std::map<std::string, Entry, std::less<>> entries_;
};

} // namespace hammer::operations
