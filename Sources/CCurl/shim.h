// Typed wrappers for libcurl: Swift cannot call the variadic curl_easy_setopt, and the address
// guard runs inside libcurl's open-socket callback, so it is C.
#ifndef PIPELINE_CCURL_SHIM_H
#define PIPELINE_CCURL_SHIM_H

#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
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

/// 1 when an IPv4 address (4 bytes, network order) is loopback, private, link-local, CGNAT,
/// multicast, reserved, broadcast or unspecified.
static inline int pipeline_ipv4_is_forbidden(const unsigned char *a) {
    if (a[0] == 0) return 1;                                  // 0.0.0.0/8
    if (a[0] == 10) return 1;                                 // 10.0.0.0/8
    if (a[0] == 100 && (a[1] & 0xC0) == 64) return 1;         // 100.64.0.0/10 (CGNAT)
    if (a[0] == 127) return 1;                                // 127.0.0.0/8
    if (a[0] == 169 && a[1] == 254) return 1;                 // 169.254.0.0/16
    if (a[0] == 172 && (a[1] & 0xF0) == 16) return 1;         // 172.16.0.0/12
    if (a[0] == 192 && a[1] == 168) return 1;                 // 192.168.0.0/16
    if (a[0] == 192 && a[1] == 0 && a[2] == 0) return 1;      // 192.0.0.0/24
    if (a[0] == 198 && (a[1] & 0xFE) == 18) return 1;         // 198.18.0.0/15 (benchmarking)
    if (a[0] >= 224) return 1;                                // multicast, reserved, broadcast
    return 0;
}

/// 1 when an IPv6 address (16 bytes) is unspecified, loopback, link-local, unique-local or
/// multicast; IPv4-mapped and IPv4-compatible addresses are judged by their IPv4 part.
static inline int pipeline_ipv6_is_forbidden(const unsigned char *a) {
    static const unsigned char zero[16] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (memcmp(a, zero, 16) == 0) return 1;                                      // ::
    if (memcmp(a, zero, 15) == 0 && a[15] == 1) return 1;                        // ::1
    if (memcmp(a, mapped, 12) == 0) return pipeline_ipv4_is_forbidden(a + 12);   // ::ffff:a.b.c.d
    if (memcmp(a, zero, 12) == 0) return pipeline_ipv4_is_forbidden(a + 12);     // ::a.b.c.d
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return 1;                         // fe80::/10
    if ((a[0] & 0xFE) == 0xFC) return 1;                                         // fc00::/7
    if (a[0] == 0xFF) return 1;                                                  // ff00::/8
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return 1;  // 2001:db8::/32
    return 0;
}

/// 1 when the policy refuses the address: forbidden and not in an allowed range.
static inline int pipeline_address_is_refused(const struct sockaddr *address, const struct pipeline_address_policy *policy) {
    const unsigned char *bytes;
    int family = address->sa_family, length;
    if (family == AF_INET) {
        bytes = (const unsigned char *)&((const struct sockaddr_in *)address)->sin_addr;
        length = 4;
    } else if (family == AF_INET6) {
        bytes = (const unsigned char *)&((const struct sockaddr_in6 *)address)->sin6_addr;
        length = 16;
    } else {
        return 1;
    }
    if (policy != NULL) {
        for (int i = 0; i < policy->count && i < 32; i++) {
            if (policy->ranges[i].family == family && pipeline_prefix_matches(bytes, policy->ranges[i].address, policy->ranges[i].prefix))
                return 0;
        }
    }
    return length == 4 ? pipeline_ipv4_is_forbidden(bytes) : pipeline_ipv6_is_forbidden(bytes);
}

/// CURLOPT_OPENSOCKETFUNCTION: opens the socket only for an address the policy allows, so a
/// name that resolves to a private address is refused after resolution, not only by its text.
static inline curl_socket_t pipeline_guarded_open_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address) {
    (void)purpose;
    if (pipeline_address_is_refused(&address->addr, (const struct pipeline_address_policy *)context))
        return CURL_SOCKET_BAD;
    return socket(address->family, address->socktype, address->protocol);
}

static inline CURLcode pipeline_setopt_address_guard(CURL *handle, const struct pipeline_address_policy *policy) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, pipeline_guarded_open_socket);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, (void *)policy);
}

#endif
