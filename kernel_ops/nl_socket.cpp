#include "kernel_ops/nl_socket.hpp"

#include "kernel_ops/netns.hpp"

#include <netlink/attr.h>
#include <netlink/errno.h>

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace hammer::kernel_ops {
namespace {

/// The extack text of the TLVs that start `offset` bytes into the payload of
/// an NLMSG_ERROR or NLMSG_DONE message.
std::string extack_text(const nlmsghdr& header, std::size_t offset)
{
    if ((header.nlmsg_flags & NLM_F_ACK_TLVS) == 0) {
        return {};
    }
    const std::size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(offset);
    if (header.nlmsg_len <= start) {
        return {};
    }
    // nla_parse only reads, but libnl's signature takes a mutable pointer.
    auto* first = reinterpret_cast<nlattr*>(const_cast<char*>(reinterpret_cast<const char*>(&header)) + start);
    nlattr* attributes[NLMSGERR_ATTR_MAX + 1] = {};
    if (nla_parse(attributes, NLMSGERR_ATTR_MAX, first, static_cast<int>(header.nlmsg_len - start), nullptr) < 0) {
        return {};
    }
    std::string text;
    if (const nlattr* message = attributes[NLMSGERR_ATTR_MSG]; message != nullptr) {
        const auto* data = static_cast<const char*>(nla_data(message));
        text.assign(data, strnlen(data, static_cast<std::size_t>(nla_len(message))));
    }
    if (const nlattr* missing = attributes[NLMSGERR_ATTR_MISS_TYPE];
        missing != nullptr && nla_len(missing) >= static_cast<int>(sizeof(std::uint32_t))) {
        text += (text.empty() ? "" : " ");
        text += "(missing attribute type " + std::to_string(nla_get_u32(missing)) + ")";
    }
    return text;
}

/// What one request() is waiting for, shared with libnl's callbacks.
struct Exchange {
    std::string_view operation;
    const ReplyHandler* on_reply = nullptr;
    bool done = false;
    std::optional<NlError> error;
};

int on_valid(nl_msg* message, void* argument)
{
    auto& exchange = *static_cast<Exchange*>(argument);
    if (exchange.on_reply == nullptr || !*exchange.on_reply || exchange.error) {
        return NL_OK;
    }
    // Exceptions must not unwind through libnl's C frames; keep reading so
    // the rest of the answer does not stay queued for the next request.
    try {
        (*exchange.on_reply)(*nlmsg_hdr(message));
    } catch (const std::exception& failure) {
        exchange.error = NlError{EPROTO, std::string{exchange.operation}, failure.what()};
    }
    return NL_OK;
}

int on_ack(nl_msg* /*message*/, void* argument)
{
    static_cast<Exchange*>(argument)->done = true;
    return NL_STOP;
}

int on_finish(nl_msg* message, void* argument)
{
    auto& exchange = *static_cast<Exchange*>(argument);
    exchange.done = true;
    NlError status = read_done_message(*nlmsg_hdr(message), std::string{exchange.operation});
    if (status.error_number != 0 && !exchange.error) {
        exchange.error = std::move(status);
    }
    return NL_STOP;
}

int on_error(sockaddr_nl* /*peer*/, nlmsgerr* error, void* argument)
{
    auto& exchange = *static_cast<Exchange*>(argument);
    exchange.done = true;
    // libnl hands over the payload; the header (flags say whether TLVs follow) sits just before it.
    const auto* header = reinterpret_cast<const nlmsghdr*>(reinterpret_cast<const char*>(error) - NLMSG_HDRLEN);
    if (!exchange.error) {
        exchange.error = read_error_message(*header, std::string{exchange.operation});
    }
    return NL_STOP;
}

} // namespace

NlError read_error_message(const nlmsghdr& header, std::string operation)
{
    if (header.nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) {
        return NlError{EBADMSG, std::move(operation), "truncated netlink error message"};
    }
    const auto* error = static_cast<const nlmsgerr*>(NLMSG_DATA(&header));
    std::size_t offset = sizeof(nlmsgerr);
    // Uncapped errors echo the whole request after nlmsgerr; the TLVs follow it.
    if ((header.nlmsg_flags & NLM_F_CAPPED) == 0 && error->msg.nlmsg_len > NLMSG_HDRLEN) {
        offset += error->msg.nlmsg_len - NLMSG_HDRLEN;
    }
    return NlError{-error->error, std::move(operation), extack_text(header, offset)};
}

NlError read_done_message(const nlmsghdr& header, std::string operation)
{
    if (header.nlmsg_len < NLMSG_LENGTH(sizeof(int))) {
        return NlError{0, std::move(operation), {}};
    }
    int status = 0;
    std::memcpy(&status, NLMSG_DATA(&header), sizeof(status));
    return NlError{status < 0 ? -status : 0, std::move(operation), extack_text(header, sizeof(int))};
}

Result<NlSocket> NlSocket::route(std::string_view netns)
{
    return open(NETLINK_ROUTE, netns);
}

Result<NlSocket> NlSocket::generic(std::string_view netns)
{
    return open(NETLINK_GENERIC, netns);
}

Result<NlSocket> NlSocket::open(int protocol, std::string_view netns)
{
    const std::string operation =
        std::string{"open netlink socket"} + (netns.empty() ? "" : " in network namespace " + std::string{netns});
    auto visit = NetnsVisit::enter(netns);
    if (!visit) {
        return visit.error();
    }
    std::unique_ptr<nl_sock, NlSockDeleter> socket{nl_socket_alloc()};
    int connected = -NLE_NOMEM;
    int connect_errno = ENOMEM;
    if (socket) {
        connected = nl_connect(socket.get(), protocol);
        connect_errno = errno;
    }
    // Back out of the namespace before anything else can fail: the socket
    // keeps the namespace it was created in, the thread must not.
    if (auto left = visit.value().leave(); !left) {
        return left.error();
    }
    if (connected < 0) {
        return NlError{connect_errno, operation, std::string{"libnl: "} + nl_geterror(connected)};
    }
    const int fd = nl_socket_get_fd(socket.get());
    const int on = 1;
    if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on)) != 0 ||
        setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on)) != 0) {
        return NlError{errno, operation, "cannot enable extended ACKs"};
    }
    return NlSocket{std::move(socket), std::string{netns}};
}

Result<void> NlSocket::request(NlMsg message, std::string_view operation, const ReplyHandler& on_reply)
{
    Exchange exchange{operation, &on_reply, false, std::nullopt};
    NlCb callbacks{nl_cb_alloc(NL_CB_DEFAULT)};
    if (!callbacks || !message) {
        return NlError{ENOMEM, std::string{operation}, "cannot allocate netlink callbacks or message"};
    }
    nl_cb_set(callbacks.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, &exchange);
    nl_cb_set(callbacks.get(), NL_CB_ACK, NL_CB_CUSTOM, on_ack, &exchange);
    nl_cb_set(callbacks.get(), NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &exchange);
    nl_cb_err(callbacks.get(), NL_CB_CUSTOM, on_error, &exchange);

    if (const int sent = nl_send_auto(socket_.get(), message.get()); sent < 0) {
        const int saved = errno;
        return NlError{saved != 0 ? saved : EIO, std::string{operation}, std::string{"libnl: "} + nl_geterror(sent)};
    }
    // nl_recvmsgs returns after each datagram that does not end a multipart
    // answer; a GET's reply and its ACK arrive as two, so read until done.
    while (!exchange.done) {
        const int received = nl_recvmsgs(socket_.get(), callbacks.get());
        if (received < 0 && !exchange.done) {
            // No NLMSG_ERROR behind it: libnl itself gave up (a receive or
            // sequence failure); only its folded code is left.
            return NlError{received == -NLE_NOMEM ? ENOMEM : EPROTO, std::string{operation},
                           std::string{"libnl: "} + nl_geterror(received)};
        }
    }
    if (exchange.error) {
        return std::move(*exchange.error);
    }
    return {};
}

} // namespace hammer::kernel_ops
