/** Networking: Neutron's v2.0 API (networks, subnets, ports with their addresses, and the extensions built on them). */
package io.xloud.network;
