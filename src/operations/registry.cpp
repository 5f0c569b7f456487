#include "src/operations/registry.hpp"

#include "src/operations/catalog.hpp"

#include <stdexcept>

namespace hammer::operations {

void OperationRegistry::add(std::string_view name, std::string_view backend, OperationFactory factory)
{
    if (find_operation(name) == nullptr) {
        throw std::logic_error{"operation \"" + std::string{name} + "\" is not in the catalog"};
    }
    if (!entries_.emplace(std::string{name}, Entry{backend, factory}).second) {
        throw std::logic_error{"operation \"" + std::string{name} + "\" is bound twice"};
    }
}

const OperationRegistry::Entry* OperationRegistry::find(std::string_view name) const
{
    const auto found = entries_.find(name);
    return found == entries_.end() ? nullptr : &found->second;
}

} // namespace hammer::operations
