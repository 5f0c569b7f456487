// ring_change: sweep rx/tx ring (descriptor) sizes within the device's maxima
// on both ends, each read back; restore. EOPNOTSUPP (veth, tun) is a SKIP
// with the device's reason; sizes a driver refuses are its limits, data.
#include "src/control/count_sweep.hpp"
#include "src/control/operations.hpp"

namespace hammer::control {
namespace {

struct RingTraits {
    using Limits = Rings;
    using Counts = RingSizes;

    static constexpr const char* param = "sizes";
    static constexpr const char* sweep_of = "ring sizes";
    static constexpr const char* during = "the ring sweep";
    static constexpr const char* found_state = "rings";
    static constexpr const char* limits_state = "ring-limits";
    static constexpr const char* nothing_to_change = "has no rx or tx ring to change";

    static Result<Rings> read(PortControl& port) { return port.read_rings(); }
    static Result<void> write(PortControl& port, const RingSizes& sizes) { return port.set_rings(sizes); }
    static std::string read_command(const PortControl& port) { return port.show_rings_command(); }
    static std::string write_command(const PortControl& port, const RingSizes& sizes)
    {
        return port.set_rings_command(sizes);
    }
    static std::string response(const Rings& rings) { return rings_response(rings); }
    static std::string value_text(std::uint32_t size) { return "ring size " + std::to_string(size); }

    /// rx and tx set to `size` where the device has that ring and its maximum
    /// allows it; the mini and jumbo rings (rare, driver-specific) stay as they are.
    static RingSizes request_for(const Rings& rings, std::uint32_t size)
    {
        auto ring = [size](const std::optional<std::uint32_t>& maximum) {
            return maximum.value_or(0) >= size ? std::optional{size} : std::nullopt;
        };
        return {ring(rings.maximum.rx), std::nullopt, std::nullopt, ring(rings.maximum.tx)};
    }
    static RingSizes to_restore(const RingSizes& wanted, const RingSizes& now) { return rings_to_restore(wanted, now); }
    static std::vector<std::string> mismatches(const RingSizes& requested, const RingSizes& current)
    {
        return count_mismatches({{"rx", requested.rx, current.rx}, {"tx", requested.tx, current.tx}});
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_ring_change(const ControlBackends& backends)
{
    return std::make_unique<CountSweep<RingTraits>>(backends);
}

} // namespace hammer::control
