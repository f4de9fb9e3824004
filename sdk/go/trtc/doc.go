// Tencent Cloud TRTC AI conversations (voice bots in real-time rooms) as Pulumi resources.
package trtc
