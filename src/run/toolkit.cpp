#include "src/run/toolkit.hpp"

namespace hammer::run {

operations::EndpointBackend* Toolkit::find_backend(std::string_view name) const
{
    for (const auto& backend : backends) {
        if (backend->name() == name) {
            return backend.get();
        }
    }
    return nullptr;
}

} // namespace hammer::run
