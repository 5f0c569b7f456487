#include "pmd_ops/reconfigure_traffic.hpp"
#include "pmd_ops/testpmd_commands.hpp"

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;

/// Changes the rx/tx descriptor counts of both ports' queues while traffic
/// runs (ReconfigureTraffic: hold, stop, queue setup again, start, resume).
class RingChangeTraffic final : public ReconfigureTraffic {
public:
    using ReconfigureTraffic::ReconfigureTraffic;

private:
    std::string_view what() const override { return "descriptors"; }

    std::vector<std::uint16_t> values(OperationContext& context) override
    {
        return context.params.at("sizes").get<std::vector<std::uint16_t>>();
    }

    Result<void> apply(Port& port, std::uint16_t size) override { return port.change_descriptors(size, size); }

    std::string command(const Port& port, std::uint16_t size) const override
    {
        return testpmd::ring_sizes(port, size, size);
    }

    nlohmann::json accepted(const Port& port, std::uint16_t size) const override
    {
        return {{"asked-rx", size},
                {"asked-tx", size},
                {"rx", port.config().rx_descriptors},
                {"tx", port.config().tx_descriptors}};
    }

    std::uint16_t initial() const override { return runtime_->options().rx_descriptors; }

    bool at_initial(const Port& port) const override
    {
        const auto& options = runtime_->options();
        return port.config().rx_descriptors == options.rx_descriptors &&
               port.config().tx_descriptors == options.tx_descriptors;
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_ring_change_traffic(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<RingChangeTraffic>(std::move(runtime));
}

} // namespace hammer::pmd_ops
