// Typed wrappers for libcurl: Swift cannot call the variadic curl_easy_setopt, and the address
// guard runs inside libcurl's open-socket callback, so it is C.
#ifndef PIPELINE_CCURL_SHIM_H
#define PIPELINE_CCURL_SHIM_H

#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static inline CURLcode pipeline_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pipeline_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pipeline_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pipeline_setopt_headers(CURL *handle, struct curl_slist *headers) {
    return curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
}

typedef size_t (*pipeline_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode pipeline_setopt_write(CURL *handle, pipeline_write_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

static inline CURLcode pipeline_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pipeline_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pipeline_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pipeline_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode pipeline_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

// MARK: - The address guard

/// Ranges the operator allows although they are private (e.g. 127.0.0.0/8 for tests).
struct pipeline_allowed_range {
    int family;                 // AF_INET or AF_INET6
    unsigned char address[16];  // network byte order
    int prefix;                 // bits
};

struct pipeline_address_policy {
    int count;
    struct pipeline_allowed_range ranges[32];
};

static inline int pipeline_prefix_matches(const unsigned char *address, const unsigned char *network, int prefix) {
    int full = prefix / 8, rest = prefix % 8;
    if (memcmp(address, network, (size_t)full) != 0) return 0;
    if (rest == 0) return 1;
    unsigned char mask = (unsigned char)(0xFF << (8 - rest));
    return (address[full] & mask) == (network[full] & mask);
}

/// What kind of forbidden address an IPv4 address (4 bytes, network order) is ("a loopback",
/// "a private", ...), or NULL when it may be reached.
static inline const char *pipeline_ipv4_forbidden_kind(const unsigned char *a) {
    if (a[0] == 0) return "an unspecified";                                  // 0.0.0.0/8
    if (a[0] == 10) return "a private";                                      // 10.0.0.0/8
    if (a[0] == 100 && (a[1] & 0xC0) == 64) return "a shared (CGNAT)";       // 100.64.0.0/10
    if (a[0] == 127) return "a loopback";                                    // 127.0.0.0/8
    if (a[0] == 169 && a[1] == 254) return "a link-local";                   // 169.254.0.0/16 (metadata)
    if (a[0] == 172 && (a[1] & 0xF0) == 16) return "a private";              // 172.16.0.0/12
    if (a[0] == 192 && a[1] == 168) return "a private";                      // 192.168.0.0/16
    if (a[0] == 192 && a[1] == 0 && a[2] == 0) return "a reserved";          // 192.0.0.0/24
    if (a[0] == 198 && (a[1] & 0xFE) == 18) return "a benchmarking";         // 198.18.0.0/15
    if (a[0] >= 224 && a[0] < 240) return "a multicast";                     // 224.0.0.0/4
    if (a[0] >= 240) return "a reserved";                                    // 240.0.0.0/4, broadcast
    return NULL;
}

/// The same for an IPv6 address (16 bytes); IPv4-mapped and IPv4-compatible addresses are judged
/// by their IPv4 part.
static inline const char *pipeline_ipv6_forbidden_kind(const unsigned char *a) {
    static const unsigned char zero[16] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (memcmp(a, zero, 16) == 0) return "an unspecified";                                     // ::
    if (memcmp(a, zero, 15) == 0 && a[15] == 1) return "a loopback";                           // ::1
    if (memcmp(a, mapped, 12) == 0) return pipeline_ipv4_forbidden_kind(a + 12);               // ::ffff:a.b.c.d
    if (memcmp(a, zero, 12) == 0) return pipeline_ipv4_forbidden_kind(a + 12);                 // ::a.b.c.d
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return "a link-local";                          // fe80::/10
    if ((a[0] & 0xFE) == 0xFC) return "a unique-local (private)";                              // fc00::/7
    if (a[0] == 0xFF) return "a multicast";                                                    // ff00::/8
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return "a documentation"; // 2001:db8::/32
    return NULL;
}

/// What kind of forbidden address the policy refuses this one as, or NULL when it may be reached
/// (not forbidden, or in an allowed range).
static inline const char *pipeline_address_refusal(const struct sockaddr *address, const struct pipeline_address_policy *policy) {
    const unsigned char *bytes;
    int family = address->sa_family, length;
    if (family == AF_INET) {
        bytes = (const unsigned char *)&((const struct sockaddr_in *)address)->sin_addr;
        length = 4;
    } else if (family == AF_INET6) {
        bytes = (const unsigned char *)&((const struct sockaddr_in6 *)address)->sin6_addr;
        length = 16;
    } else {
        return "a non-IP";
    }
    if (policy != NULL) {
        for (int i = 0; i < policy->count && i < 32; i++) {
            if (policy->ranges[i].family == family && pipeline_prefix_matches(bytes, policy->ranges[i].address, policy->ranges[i].prefix))
                return NULL;
        }
    }
    return length == 4 ? pipeline_ipv4_forbidden_kind(bytes) : pipeline_ipv6_forbidden_kind(bytes);
}

/// 1 when the policy refuses the address: forbidden and not in an allowed range.
static inline int pipeline_address_is_refused(const struct sockaddr *address, const struct pipeline_address_policy *policy) {
    return pipeline_address_refusal(address, policy) != NULL;
}

/// One transfer's guard: the policy, and why it refused an address (empty when it did not), so
/// that the attempt records "refused: 10.0.0.1 is a private address", not a connect failure.
struct pipeline_guard {
    const struct pipeline_address_policy *policy;
    char refused[128];
};

/// CURLOPT_OPENSOCKETFUNCTION: opens the socket only for an address the policy allows, so a
/// name that resolves to a private address is refused after resolution, not only by its text.
static inline curl_socket_t pipeline_guarded_open_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address) {
    (void)purpose;
    struct pipeline_guard *guard = (struct pipeline_guard *)context;
    const char *kind = pipeline_address_refusal(&address->addr, guard->policy);
    if (kind != NULL) {
        char text[INET6_ADDRSTRLEN] = "?";
        if (address->family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)&address->addr)->sin_addr, text, sizeof text);
        else if (address->family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&address->addr)->sin6_addr, text, sizeof text);
        snprintf(guard->refused, sizeof guard->refused, "%s is %s address", text, kind);
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

static inline CURLcode pipeline_setopt_address_guard(CURL *handle, struct pipeline_guard *guard) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, pipeline_guarded_open_socket);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, (void *)guard);
}

// MARK: - Mail (SMTP)

/// CURLOPT_READFUNCTION: libcurl asks for up to size * count bytes of the upload (a message).
typedef size_t (*pipeline_read_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode pipeline_setopt_read(CURL *handle, pipeline_read_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_READDATA, context);
}

/// An option that takes a string list (CURLOPT_MAIL_RCPT, say).
static inline CURLcode pipeline_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

/// CURLOPT_DEBUGFUNCTION: sees what the server said (CURLINFO_HEADER_IN: its reply lines), so a
/// refusal can carry the server's reason. Needs CURLOPT_VERBOSE; nothing is printed.
typedef int (*pipeline_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *context);

static inline CURLcode pipeline_setopt_debug(CURL *handle, pipeline_debug_callback callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(handle, CURLOPT_DEBUGDATA, context);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
}

#endif
