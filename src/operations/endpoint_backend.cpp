#include "src/operations/endpoint_backend.hpp"

namespace hammer::operations {

Verdict EndpointBackend::configure(const topology::Pair& /*pair*/, const topology::Endpoint& endpoint,
                                   const topology::InterfaceSettings& /*settings*/, record::Recorder& /*recorder*/)
{
    return Verdict::skip(endpoint.name() + ": the " + std::string{name()} + " backend applies no configuration");
}

Verdict EndpointBackend::reach(const topology::Pair& /*pair*/, const topology::Endpoint& from,
                               const topology::Endpoint& /*to*/, const ReachPath& /*path*/,
                               record::Recorder& /*recorder*/)
{
    return Verdict::skip(from.name() + ": the " + std::string{name()} + " backend sends nothing to its peer");
}

} // namespace hammer::operations
