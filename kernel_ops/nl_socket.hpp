#pragma once

#include "kernel_ops/result.hpp"

#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace hammer::kernel_ops {

struct NlMsgDeleter {
    void operator()(nl_msg* message) const noexcept { nlmsg_free(message); }
};
/// One libnl message, freed with nlmsg_free.
using NlMsg = std::unique_ptr<nl_msg, NlMsgDeleter>;

struct NlSockDeleter {
    void operator()(nl_sock* socket) const noexcept { nl_socket_free(socket); }
};

struct NlCbDeleter {
    void operator()(nl_cb* callbacks) const noexcept { nl_cb_put(callbacks); }
};
using NlCb = std::unique_ptr<nl_cb, NlCbDeleter>;

/// Called for each reply message of a request (not for the ACK, error or DONE).
using ReplyHandler = std::function<void(const nlmsghdr& reply)>;

/// Reads an NLMSG_ERROR message (an error or an ACK) the kernel sent for a
/// request: the errno it carries (0 for an ACK) and the extended-ACK text
/// (NLMSGERR_ATTR_MSG) when NLM_F_ACK_TLVS says TLVs follow. Works for capped
/// and uncapped errors. A truncated message reads as EBADMSG.
[[nodiscard]] NlError read_error_message(const nlmsghdr& header, std::string operation);

/// Reads an NLMSG_DONE that ends a dump: a dump that failed half-way carries
/// the negative errno as its payload, and extack TLVs after it.
[[nodiscard]] NlError read_done_message(const nlmsghdr& header, std::string operation);

/// One netlink socket (libnl nl_sock), move-only, closed by its destructor.
///
/// Made in the network namespace the caller names, and stays there. Every
/// socket has NETLINK_EXT_ACK (the kernel explains refusals) and
/// NETLINK_CAP_ACK (errors do not echo the whole request back) on, and
/// request() reads errors in libnl's error callback, where the real errno and
/// the extack text are still there: libnl's own return codes fold errnos
/// together (NLE_*) and drop extack.
///
/// Not thread-safe: one socket per thread (each pair thread opens its own).
class NlSocket {
public:
    /// NETLINK_ROUTE: links, routes.
    [[nodiscard]] static Result<NlSocket> route(std::string_view netns);
    /// NETLINK_GENERIC: ethtool.
    [[nodiscard]] static Result<NlSocket> generic(std::string_view netns);

    NlSocket(NlSocket&&) noexcept = default;
    NlSocket& operator=(NlSocket&&) noexcept = default;
    NlSocket(const NlSocket&) = delete;
    NlSocket& operator=(const NlSocket&) = delete;
    ~NlSocket() = default;

    /// Sends `message` and reads until the kernel has answered it completely
    /// (its ACK, its error, or the NLMSG_DONE of a dump), handing each reply
    /// to `on_reply`. `operation` names the request in errors.
    Result<void> request(NlMsg message, std::string_view operation, const ReplyHandler& on_reply = {});

    /// The namespace the socket was made in; empty for hammer's own.
    [[nodiscard]] const std::string& netns() const noexcept { return netns_; }

private:
    NlSocket(std::unique_ptr<nl_sock, NlSockDeleter> socket, std::string netns) noexcept
        : socket_{std::move(socket)}, netns_{std::move(netns)}
    {
    }
    [[nodiscard]] static Result<NlSocket> open(int protocol, std::string_view netns);

    std::unique_ptr<nl_sock, NlSockDeleter> socket_;
    std::string netns_;
};

} // namespace hammer::kernel_ops
