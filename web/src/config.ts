/**
 * The community this front end serves. One deployment serves one community's website; the
 * sign-in and sign-up pages need to know which one before anyone is signed in.
 */
export const communityId = 'lindeveen'
